import { render } from 'preact';
import { Options } from '../../components/options/Options';
import '../../components/page.css';

document.documentElement.lang = navigator.language;
render(<Options />, document.getElementById('app')!);
