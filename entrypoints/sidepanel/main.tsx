import { render } from 'preact';
render(<p>Hearth</p>, document.getElementById('app')!);
