import { Options } from '../../components/options/Options';
import { mountPage } from '../../components/mount-page';
import '../../components/page.css';

void mountPage(() => <Options />, 'optionsTitle');
