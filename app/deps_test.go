package app

import _ "fyne.io/fyne/v2/test"
