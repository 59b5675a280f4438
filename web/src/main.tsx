import { render } from 'preact';
import { App, startReturningPage } from './app.js';
import './styles.css';

startReturningPage();
render(<App />, document.getElementById('app')!);
