from rnn_viz.cli import main

raise SystemExit(main())
