package app

import "time"

// Prefs is where settings persist; fyne.Preferences satisfies it.
type Prefs interface {
	IntWithFallback(key string, fallback int) int
	SetInt(key string, value int)
	StringWithFallback(key, fallback string) string
	SetString(key, value string)
	FloatWithFallback(key string, fallback float64) float64
	SetFloat(key string, value float64)
}

// Themes are the choices of the theme setting.
var Themes = []string{"system", "light", "dark"}

// Settings are the person's choices, kept between runs.
type Settings struct {
	ClearAfter time.Duration // clipboard clearing delay; 0 never
	AutoLock   time.Duration // lock after this idle time; 0 never
	Theme      string        // system, light or dark
	HideOnScan bool          // hide Tessera while capturing the screen
	Sort       Sort
	Width      float32 // window size when last closed
	Height     float32
}

// DefaultSettings are the settings of a first run.
func DefaultSettings() Settings {
	return Settings{ClearAfter: DefaultClearAfter,
		AutoLock: 5 * time.Minute, Theme: "system", HideOnScan: true,
		Width: 420, Height: 640}
}

// LoadSettings reads the settings from p, defaulting what is missing.
func LoadSettings(p Prefs) Settings {
	d := DefaultSettings()
	s := Settings{
		ClearAfter: secs(p.IntWithFallback("clear_after_s",
			int(d.ClearAfter/time.Second))),
		AutoLock: secs(p.IntWithFallback("auto_lock_s",
			int(d.AutoLock/time.Second))),
		Theme:      p.StringWithFallback("theme", d.Theme),
		HideOnScan: p.IntWithFallback("hide_on_scan", 1) == 1,
		Sort:       Sort(p.IntWithFallback("sort", int(d.Sort))),
		Width:      float32(p.FloatWithFallback("width", 420)),
		Height:     float32(p.FloatWithFallback("height", 640)),
	}
	if !validTheme(s.Theme) {
		s.Theme = d.Theme
	}
	return s
}

// Save writes s to p.
func (s Settings) Save(p Prefs) {
	p.SetInt("clear_after_s", int(s.ClearAfter/time.Second))
	p.SetInt("auto_lock_s", int(s.AutoLock/time.Second))
	p.SetString("theme", s.Theme)
	p.SetInt("hide_on_scan", boolInt(s.HideOnScan))
	p.SetInt("sort", int(s.Sort))
	p.SetFloat("width", float64(s.Width))
	p.SetFloat("height", float64(s.Height))
}

func secs(n int) time.Duration {
	if n < 0 {
		n = 0
	}
	return time.Duration(n) * time.Second
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func validTheme(t string) bool {
	for _, x := range Themes {
		if x == t {
			return true
		}
	}
	return false
}
