// uPlot and its stylesheet, loaded together by a dynamic import (TimeChart.tsx) so that neither
// is in the options page's first load.
import 'uplot/dist/uPlot.min.css';
export { default } from 'uplot';
