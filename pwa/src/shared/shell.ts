/**
 * The app shell: the components that the first screens (sign-in, citizens' page) draw and nearly
 * every other screen too — Vant's button, cell, field, icon, loading and navigation bar, and the
 * app's bar, language select and elder switch — come with the first load (the entry chunk, their
 * CSS inlined in index.html by build/firstLoad.ts), instead of in a dozen small files fetched after
 * it: on a phone's connection each round of requests costs a round trip, and a browser opens at
 * most six connections to the server at a time.
 *
 * Vant's global registration (`app.use`) keeps them in the entry; the screens' own templates still
 * import them by name (unplugin-vue-components), from the same modules. Imported by main.ts after
 * theme.css, so Vant's rules follow the theme's as they did when every screen loaded them itself.
 */
import type { App } from 'vue'
import { Button, Cell, CellGroup, Field, Icon, Loading, NavBar } from 'vant'
import 'vant/es/button/style/index'
import 'vant/es/cell/style/index'
import 'vant/es/cell-group/style/index'
import 'vant/es/field/style/index'
import 'vant/es/icon/style/index'
import 'vant/es/loading/style/index'
import 'vant/es/nav-bar/style/index'
import AppBar from './AppBar.vue'
import ElderSwitch from './ElderSwitch.vue'
import LocaleSelect from './LocaleSelect.vue'

export function installShell(app: App): void {
  for (const component of [Button, Cell, CellGroup, Field, Icon, Loading, NavBar]) app.use(component)
  app.component('AppBar', AppBar)
  app.component('ElderSwitch', ElderSwitch)
  app.component('LocaleSelect', LocaleSelect)
}
