"""The demo: ``kompas demo`` and ``kompas demo_code``. A top-layer app (beside api): it runs the
demo steps the apps register in core's registry, and those write only through the apps' services
(as ``SYSTEEM``). Nothing imports it; it refuses to run with production settings."""
