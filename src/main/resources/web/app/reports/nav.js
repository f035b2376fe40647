import { addMessages } from '../i18n/i18n.js';

/** The navigation labels of the report screens: loaded with the shell, since the navigation shows before a screen. */
addMessages({
  en: {
    'nav.workload': 'Workload',
    'nav.responseTimes': 'Response times',
    'nav.volume': 'Volume',
    'nav.return': 'Return',
  },
  fr: {
    'nav.workload': 'Charge',
    'nav.responseTimes': 'Délais',
    'nav.volume': 'Volume',
    'nav.return': 'Retour',
  },
});
