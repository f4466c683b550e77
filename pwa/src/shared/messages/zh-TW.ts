import vant from 'vant/es/locale/lang/zh-TW'
import shared from '../../locales/zh-TW.json'
import { catalogue, type Tree } from './catalogue'

/** The zh-TW messages of the app and of Vant's components. */
export default {
  messages: catalogue(shared, import.meta.glob<Tree>('../../features/*/locales/zh-TW.json', { eager: true, import: 'default' })),
  vant,
}
