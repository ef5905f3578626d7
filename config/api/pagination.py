"""Every list in the API is paginated the same way."""

from django.utils.translation import gettext_lazy as _
from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    invalid_page_message = _("This page of results does not exist.")
    page_size_query_param = "page_size"
    max_page_size = 100
