import vant from 'vant/es/locale/lang/en-US'
import shared from '../../locales/en.json'
import { catalogue, type Tree } from './catalogue'

/** The en messages of the app and of Vant's components. */
export default {
  messages: catalogue(shared, import.meta.glob<Tree>('../../features/*/locales/en.json', { eager: true, import: 'default' })),
  vant,
}
