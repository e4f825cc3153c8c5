"""`python -m cli FILE.json`, the same as `python -m scoring FILE.json`."""

import sys

from cli.score import main

sys.exit(main())
