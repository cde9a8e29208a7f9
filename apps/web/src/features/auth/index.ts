export { LoginForm } from './components/login-form';
export { LogoutButton } from './components/logout-button';
