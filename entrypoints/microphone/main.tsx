import { render } from 'preact';
import { MicrophonePermission } from '../../components/voice/MicrophonePermission';
import '../../components/ui/theme.css';

// The side panel cannot show the browser's microphone prompt; this tab can, once.
render(<MicrophonePermission />, document.getElementById('app')!);
