export { LightspeedCard, type LightspeedCardProps } from './LightspeedCard';
