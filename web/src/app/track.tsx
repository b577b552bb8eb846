import { trackLocales } from '../features/track/locales.js'
import { TrackPage } from '../features/track/components/track-page.js'
import { mountPage } from './mount-page.js'

mountPage({ bundles: { track: trackLocales }, title: 'track:title', page: () => <TrackPage /> })
