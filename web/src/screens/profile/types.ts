import type { components } from '@/api/schema';

export type Profile = components['schemas']['Profile'];
export type ProfileInput = components['schemas']['ProfileInput'];
export type Skill = components['schemas']['Skill'];
export type Education = components['schemas']['Education'];
export type Experience = components['schemas']['ProfileExperience'];
export type Visibility = components['schemas']['Visibility'];

export const VISIBILITIES: Visibility[] = ['public', 'organizations', 'private'];

/** The editable copy of a profile: PUT replaces it whole. */
export function toInput(profile: Profile): ProfileInput {
  return {
    handle: profile.handle,
    display_name: profile.display_name,
    headline: profile.headline,
    about: profile.about ?? '',
    about_visibility: profile.about_visibility ?? 'public',
    location: profile.location ?? null,
    location_visibility: profile.location_visibility ?? 'public',
    photo_url: profile.photo_url ?? null,
    photo_visibility: profile.photo_visibility ?? 'public',
    skills: profile.skills,
    education: profile.education,
    experience: profile.experience,
  };
}
