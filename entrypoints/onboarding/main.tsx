import { Onboarding } from '../../components/onboarding/Onboarding';
import { mountPage } from '../../components/mount-page';
import '../../components/page.css';

void mountPage(() => <Onboarding />, 'onboardingTitle');
