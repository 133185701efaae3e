"""`python -m cli`: the same as the `onward` command."""

import sys

from cli.main import main

sys.exit(main())
