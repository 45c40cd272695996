"""The command line: ``python -m ankunft check|import|snapshots|demo|backup|purge``.

A thin layer over ``importing`` and ``storage``; ``main`` parses arguments and registers the store
commands of ``store_commands``.
"""
