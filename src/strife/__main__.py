"""``python -m strife``: the command line."""

import sys

from strife.cli import main

sys.exit(main())
