export { NewUserView } from './components/new-user-view';
export { UserDetailView } from './components/user-detail-view';
export { UsersView } from './components/users-view';
