package augment

import (
	"flag"
	"fmt"
	"strconv"
	"strings"
)

// Chosen are the settings chosen on MNIST's validation split (the last
// 10,000 training images) by notebooks/09-your-handwriting.ipynb, for the
// 784→128→64→10 network trained with Adam and a cosine schedule. The
// notebook checks that its choice is still this one.
var Chosen = Settings{Shift: 3, Rotate: 30, Scale: 0.3, Shear: 0.6, Elastic: 34,
	Thicker: 1.5, Thinner: 1.5, Blur: 1.5, Keep: 0.2, Skip: 0.5}

// fields returns s's fields with the names they have as text.
func (s *Settings) fields() []struct {
	name  string
	value *float64
} {
	return []struct {
		name  string
		value *float64
	}{
		{"shift", &s.Shift}, {"rotate", &s.Rotate}, {"scale", &s.Scale}, {"shear", &s.Shear},
		{"elastic", &s.Elastic}, {"sigma", &s.Sigma}, {"thicker", &s.Thicker}, {"thinner", &s.Thinner},
		{"blur", &s.Blur}, {"keep", &s.Keep}, {"skip", &s.Skip},
	}
}

// String returns s as ParseSettings reads it: the fields that are not 0,
// as name=value separated by commas, in a fixed order, such as
// "shift=2,rotate=15,elastic=34"; or "none" for the zero value.
func (s Settings) String() string {
	var parts []string
	for _, f := range s.fields() {
		if *f.value != 0 {
			parts = append(parts, f.name+"="+strconv.FormatFloat(*f.value, 'g', -1, 64))
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ",")
}

// ParseSettings reads settings written as String writes them: name=value
// pairs separated by commas, in any order, where the names are shift,
// rotate, scale, shear, elastic, sigma, thicker, thinner, blur, keep and skip
// (the fields of Settings; a field not named is 0). "none" or "" is the
// zero value, and "chosen" is Chosen. The settings must pass Check.
func ParseSettings(text string) (Settings, error) {
	var s Settings
	text = strings.TrimSpace(text)
	switch text {
	case "", "none":
		return s, nil
	case "chosen":
		return Chosen, nil
	}
	seen := map[string]bool{}
	for pair := range strings.SplitSeq(text, ",") {
		name, value, ok := strings.Cut(strings.TrimSpace(pair), "=")
		if !ok {
			return Settings{}, fmt.Errorf("augment: %q: want name=value pairs, such as rotate=15,shift=2, or chosen, or none", pair)
		}
		field := s.field(name)
		if field == nil {
			return Settings{}, fmt.Errorf("augment: %q: unknown setting %q; want one of %s", pair, name, names())
		}
		if seen[name] {
			return Settings{}, fmt.Errorf("augment: %q: %s is given twice", text, name)
		}
		seen[name] = true
		v, err := strconv.ParseFloat(value, 64)
		if err != nil {
			return Settings{}, fmt.Errorf("augment: %q: %q is not a number", pair, value)
		}
		*field = v
	}
	if err := s.Check(); err != nil {
		return Settings{}, err
	}
	return s, nil
}

// field returns the field called name, or nil.
func (s *Settings) field(name string) *float64 {
	for _, f := range s.fields() {
		if f.name == name {
			return f.value
		}
	}
	return nil
}

// names lists the fields' names for an error message.
func names() string {
	var s Settings
	var list []string
	for _, f := range s.fields() {
		list = append(list, f.name)
	}
	return strings.Join(list, ", ")
}

// Set reads s from text, as ParseSettings does: with String, it makes
// *Settings a flag.Value.
func (s *Settings) Set(text string) error {
	v, err := ParseSettings(text)
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// FlagUsage is the help text of the -augment flag that Flags defines.
const FlagUsage = "train on distorted copies of the digits: `settings` such as " +
	"shift=2,rotate=15,scale=0.15,shear=0.3,elastic=34,thicker=1,thinner=0.5,blur=1,keep=0.2 " +
	"(names: shift, rotate, scale, shear, elastic, sigma, thicker, thinner, blur, keep, skip; " +
	"see nnlib/augment), \"chosen\" for the settings chosen on validation, or none"

// Flags defines the flag -augment on fs, which sets s:
//
//	var aug augment.Settings
//	aug.Flags(fs)
//	… fs.Parse(args) …
//	if !aug.IsZero() {
//		cfg.Augment = augment.New(aug, rand.New(rand.NewPCG(seed, 2))).Batch
//	}
func (s *Settings) Flags(fs *flag.FlagSet) {
	fs.Var(s, "augment", FlagUsage)
}
