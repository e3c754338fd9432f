//go:build js

package fake

// OnlyJS is excluded by a build constraint.
func OnlyJS() {}
