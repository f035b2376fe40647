// The console's entry point: the theme and the application frame (which loads every screen).
import './theme.css';
import './shell/sb-app.js';
