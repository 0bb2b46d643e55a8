export { type App, createApp } from './app';
export { startServer } from './start-server';
