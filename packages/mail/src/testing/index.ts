// Test helpers of the package that sends mail: imported by tests only (`@praxis/mail/testing`).
export { type CapturedMail, type SmtpCapture, startSmtpCapture } from './smtp-capture';
