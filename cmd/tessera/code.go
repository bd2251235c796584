package main

func runCode(e *env, args []string) error { return vaultCode(e, args) }
