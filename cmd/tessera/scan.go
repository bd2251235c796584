package main

func runScan(e *env, args []string) error { return usageError{"scan: not yet"} }
