"""Every test and notebook check runs on the guide's own defaults.

A facilitator's remembered scenario and presentation styling (guide._session) would
change what the notebooks print; nbval's kernels inherit this process's environment, so
turning the memory off here keeps saved outputs comparable on any machine.
"""

import os

os.environ["GUIDE_SESSION_FILE"] = ""
