import { Popup } from '../../components/popup/Popup';
import { mountPage } from '../../components/mount-page';
import '../../components/page.css';

void mountPage(() => <Popup />);
