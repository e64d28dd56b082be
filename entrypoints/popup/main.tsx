import { render } from 'preact';
import { Popup } from '../../components/popup/Popup';
import '../../components/page.css';

document.documentElement.lang = navigator.language;
render(<Popup />, document.getElementById('app')!);
