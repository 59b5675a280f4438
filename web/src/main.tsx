// First, before the app's own modules run: a returning page's first view starts loading.
import './returning-page.js';
import { render } from 'preact';
import { App } from './app.js';
import './styles.css';

render(<App />, document.getElementById('app')!);
