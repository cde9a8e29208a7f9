import type { Translation } from './translation';

/**
 * Texts of "change my password" (every role, from the user menu), in English, Dutch (Belgium) and
 * French (Belgium). A feature dictionary: see messages.ts.
 */
export const en = {
  'nav.changePassword': 'Change password',
  'nav.userMenu': 'Your account',

  'account.title': 'Change my password',
  'account.intro': 'Choose a new password for {username}. Your other sessions (other browsers and devices) are signed out; this one stays signed in.',
  'account.current': 'Current password',
  'account.new': 'New password',
  'account.newHelp': 'At least 12 characters, not only letters, not containing your user name, and not one of the most common passwords.',
  'account.repeat': 'Repeat the new password',
  'account.submit': 'Change password',
  'account.submitting': 'Changing…',
  'account.changed': 'Your password has been changed. Your other sessions have been signed out.',
  'account.notChanged': 'The password was not changed',
  'account.problems_one': 'The password was not changed: {count} problem to correct',
  'account.problems_other': 'The password was not changed: {count} problems to correct',
  'account.locked': 'Too many wrong passwords for this account. Try again after {time}, or ask an administrator to unlock it.',

  'password.required': 'Enter a password.',
  'password.mismatch': 'The two new passwords are not the same.',
  'password.wrong': 'The current password is not correct.',
  'password.unchanged': 'The new password must be different from the current one.',
  'password.tooShort': 'The password must be at least 12 characters long.',
  'password.tooLong': 'The password must be at most 200 characters long.',
  'password.lettersOnly': 'The password must contain at least one character that is not a letter: a digit, a space or a symbol.',
  'password.containsUsername': 'The password must not be or contain the user name.',
  'password.common': 'This is one of the most commonly used passwords: choose another.',
};

export const nl: Translation<typeof en> = {
  'nav.changePassword': 'Wachtwoord wijzigen',
  'nav.userMenu': 'Uw account',

  'account.title': 'Mijn wachtwoord wijzigen',
  'account.intro': 'Kies een nieuw wachtwoord voor {username}. Uw andere sessies (andere browsers en toestellen) worden afgemeld; deze blijft aangemeld.',
  'account.current': 'Huidig wachtwoord',
  'account.new': 'Nieuw wachtwoord',
  'account.newHelp': 'Minstens 12 tekens, niet alleen letters, zonder uw gebruikersnaam en niet een van de meest gebruikte wachtwoorden.',
  'account.repeat': 'Herhaal het nieuwe wachtwoord',
  'account.submit': 'Wachtwoord wijzigen',
  'account.submitting': 'Bezig met wijzigen…',
  'account.changed': 'Uw wachtwoord is gewijzigd. Uw andere sessies zijn afgemeld.',
  'account.notChanged': 'Het wachtwoord is niet gewijzigd',
  'account.problems_one': 'Het wachtwoord is niet gewijzigd: {count} probleem te verbeteren',
  'account.problems_other': 'Het wachtwoord is niet gewijzigd: {count} problemen te verbeteren',
  'account.locked': 'Te veel foute wachtwoorden voor dit account. Probeer opnieuw na {time}, of vraag een beheerder het te ontgrendelen.',

  'password.required': 'Vul een wachtwoord in.',
  'password.mismatch': 'De twee nieuwe wachtwoorden zijn niet gelijk.',
  'password.wrong': 'Het huidige wachtwoord is niet juist.',
  'password.unchanged': 'Het nieuwe wachtwoord moet verschillen van het huidige.',
  'password.tooShort': 'Het wachtwoord moet minstens 12 tekens lang zijn.',
  'password.tooLong': 'Het wachtwoord mag hoogstens 200 tekens lang zijn.',
  'password.lettersOnly': 'Het wachtwoord moet minstens één teken bevatten dat geen letter is: een cijfer, een spatie of een symbool.',
  'password.containsUsername': 'Het wachtwoord mag de gebruikersnaam niet zijn of bevatten.',
  'password.common': 'Dit is een van de meest gebruikte wachtwoorden: kies een ander.',
};

export const fr: Translation<typeof en> = {
  'nav.changePassword': 'Changer le mot de passe',
  'nav.userMenu': 'Votre compte',

  'account.title': 'Changer mon mot de passe',
  'account.intro': 'Choisissez un nouveau mot de passe pour {username}. Vos autres sessions (autres navigateurs et appareils) sont déconnectées ; celle-ci reste connectée.',
  'account.current': 'Mot de passe actuel',
  'account.new': 'Nouveau mot de passe',
  'account.newHelp': 'Au moins 12 caractères, pas uniquement des lettres, sans votre nom d’utilisateur et pas l’un des mots de passe les plus courants.',
  'account.repeat': 'Répétez le nouveau mot de passe',
  'account.submit': 'Changer le mot de passe',
  'account.submitting': 'Modification…',
  'account.changed': 'Votre mot de passe a été changé. Vos autres sessions ont été déconnectées.',
  'account.notChanged': 'Le mot de passe n’a pas été changé',
  'account.problems_one': 'Le mot de passe n’a pas été changé : {count} problème à corriger',
  'account.problems_other': 'Le mot de passe n’a pas été changé : {count} problèmes à corriger',
  'account.locked': 'Trop de mots de passe erronés pour ce compte. Réessayez après {time}, ou demandez à un administrateur de le débloquer.',

  'password.required': 'Saisissez un mot de passe.',
  'password.mismatch': 'Les deux nouveaux mots de passe ne sont pas identiques.',
  'password.wrong': 'Le mot de passe actuel n’est pas correct.',
  'password.unchanged': 'Le nouveau mot de passe doit être différent de l’actuel.',
  'password.tooShort': 'Le mot de passe doit compter au moins 12 caractères.',
  'password.tooLong': 'Le mot de passe peut compter au plus 200 caractères.',
  'password.lettersOnly': 'Le mot de passe doit contenir au moins un caractère qui n’est pas une lettre : un chiffre, une espace ou un symbole.',
  'password.containsUsername': 'Le mot de passe ne peut pas être ni contenir le nom d’utilisateur.',
  'password.common': 'C’est l’un des mots de passe les plus utilisés : choisissez-en un autre.',
};
