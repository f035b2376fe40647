// The console's entry point (index.js: the bundler then bundles only what it imports, so that each screen is a chunk of
// its own, fetched when first opened): the theme and the application frame.
import './theme.css';
import './shell/sb-app.js';
