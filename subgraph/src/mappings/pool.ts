// Every handler of the PvpPool template (the manifest names one file per template).
export { handleDeposit, handleRedeem } from './liquidity';
export { handlePositionOpened, handlePositionClosed, handlePositionLiquidated, handleFeeCharged, handleInviterBound, handleFundingUpdated } from './trading';
export { handleParamsUpdated, handlePausedUpdated, handlePriceSignerUpdated, handleMarketUpdated } from './governance';
