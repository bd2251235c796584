package main

// vaultCommands are the subcommands that read or change the vault.
var vaultCommands = map[string]command{}

// vaultCode prints the current codes of the vault's accounts matching the
// optional name filter in args.
func vaultCode(e *env, args []string) error {
	return usageError{"code: --uri is required until the vault exists"}
}
