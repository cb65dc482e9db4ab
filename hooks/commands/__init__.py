"""One module per `secret-hooks` subcommand: add_arguments(parser) and run(args) -> int."""
