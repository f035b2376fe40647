import { addMessages } from '../i18n/i18n.js';

/** Strings of the inbox added after the first release of the console (English and French). */
addMessages({
  en: {
    'inbox.due.in': 'Reply within {left}',
    'inbox.due.over': 'Overdue by {late}',
    'inbox.due.title': 'The channel’s response target is missed at {time}',
    'inbox.filter.team': 'Team',
    'inbox.filter.anyTeam': 'All teams',
  },
  fr: {
    'inbox.due.in': 'Répondre sous {left}',
    'inbox.due.over': 'En retard de {late}',
    'inbox.due.title': 'L’objectif de réponse du canal est dépassé à {time}',
    'inbox.filter.team': 'Équipe',
    'inbox.filter.anyTeam': 'Toutes les équipes',
  },
});
