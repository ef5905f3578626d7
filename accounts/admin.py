from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, ("Civic", {"fields": ("preferred_language",)}))
    list_display = ("username", "email", "first_name", "last_name", "preferred_language", "is_staff")
    list_filter = ("groups", "preferred_language", "is_staff", "is_superuser")
