package main

// extraCommands are the subcommands of the allowlist and audit work.
var extraCommands = map[string]command{}
