import { render } from 'preact';
import { PanelApp } from '../../components/chat/PanelApp';
import '../../components/ui/theme.css';

render(<PanelApp />, document.getElementById('app')!);
