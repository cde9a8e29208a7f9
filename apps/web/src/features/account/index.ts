export { ChangePasswordView } from './components/change-password-view';
