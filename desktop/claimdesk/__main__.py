from claimdesk.cli import main

raise SystemExit(main())
