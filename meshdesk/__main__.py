"""`python -m meshdesk` behaves exactly like the `meshdesk` command."""

from meshdesk.cli.main import main

raise SystemExit(main())
