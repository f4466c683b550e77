import vant from 'vant/es/locale/lang/zh-CN'
import shared from '../../locales/zh-CN.json'
import { catalogue, type Tree } from './catalogue'

/** The zh-CN messages of the app and of Vant's components. */
export default {
  messages: catalogue(shared, import.meta.glob<Tree>('../../features/*/locales/zh-CN.json', { eager: true, import: 'default' })),
  vant,
}
