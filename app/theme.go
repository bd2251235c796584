package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// variantTheme is the default theme held to light or dark.
type variantTheme struct {
	fyne.Theme
	v fyne.ThemeVariant
}

// Color answers in the chosen variant whatever the system prefers.
func (t variantTheme) Color(n fyne.ThemeColorName,
	_ fyne.ThemeVariant) color.Color {
	return t.Theme.Color(n, t.v)
}

// applyTheme follows the theme setting: system, light or dark.
func applyTheme(a fyne.App, name string) {
	switch name {
	case "light":
		a.Settings().SetTheme(variantTheme{theme.DefaultTheme(),
			theme.VariantLight})
	case "dark":
		a.Settings().SetTheme(variantTheme{theme.DefaultTheme(),
			theme.VariantDark})
	default:
		a.Settings().SetTheme(theme.DefaultTheme())
	}
}

// themeVariant is the variant the app draws in: the one the theme
// setting holds it to, else the system's.
func themeVariant(a fyne.App) fyne.ThemeVariant {
	if t, ok := a.Settings().Theme().(variantTheme); ok {
		return t.v
	}
	return a.Settings().ThemeVariant()
}
