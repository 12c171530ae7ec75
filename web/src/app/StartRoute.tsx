// The app's root (/app/): the screen Telegram's start parameter names (`?startapp=certificates-12`
// from a bot button), once per launch; otherwise the profile.
import { useState } from 'react';
import { Navigate } from 'react-router';
import { takeStartRoute } from '@/telegram/startRoute';

export function StartRoute() {
  const [route] = useState(takeStartRoute);
  return <Navigate to={route ?? '/profile'} replace />;
}
