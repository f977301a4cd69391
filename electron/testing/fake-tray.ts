import type { MenuItemConstructorOptions } from 'electron'
import type { TrayApi } from '../electron-api.js'

/** A Tray stand-in that keeps its image, tooltip and menu for assertions. */
export class FakeTray implements TrayApi {
  tooltip = ''
  menu: MenuItemConstructorOptions[] = []
  destroyed = false
  clickListener: (() => void) | undefined

  constructor(public image: string) {}

  setImage(path: string) {
    this.image = path
  }
  setToolTip(text: string) {
    this.tooltip = text
  }
  setContextMenu(menu: unknown) {
    this.menu = menu as MenuItemConstructorOptions[]
  }
  on(_event: 'click', listener: () => void) {
    this.clickListener = listener
  }
  destroy() {
    this.destroyed = true
  }
}
