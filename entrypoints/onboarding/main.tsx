import { render } from 'preact';
import { Onboarding } from '../../components/onboarding/Onboarding';
import '../../components/page.css';

document.documentElement.lang = navigator.language;
render(<Onboarding />, document.getElementById('app')!);
