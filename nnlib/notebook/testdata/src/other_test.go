package fake

// InTest is declared in a test file, which SourceHTML skips.
func InTest() {}
